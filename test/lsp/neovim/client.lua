-- Neovim's own LSP client (headless) speaking to balancer-lens-language-server.
-- Run by test/lsp/neovim.test.ts: nvim --headless -u NONE -c "luafile client.lua".
-- Reads BL_SERVER (the program), BL_ROOT (the workspace), BL_FILES (path=languageId, comma
-- separated), BL_HOVER (path:line:character) and writes what it saw as JSON to BL_OUT.
local result = { files = {}, errors = {} }

local function finish()
  local out = io.open(os.getenv('BL_OUT'), 'w')
  out:write(vim.fn.json_encode(result))
  out:close()
  vim.cmd('qa!')
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'balancer-lens',
    cmd = { os.getenv('BL_SERVER'), '--stdio' },
    root_dir = os.getenv('BL_ROOT'),
    get_language_id = function(_, filetype) return filetype end,
    on_error = function(code) table.insert(result.errors, 'client error ' .. tostring(code)) end,
  })
  if not client_id then error('the language server did not start') end

  local buffers = {}
  for spec in string.gmatch(os.getenv('BL_FILES'), '[^,]+') do
    local path, language = string.match(spec, '^(.*)=(.*)$')
    vim.cmd('edit ' .. vim.fn.fnameescape(path))
    local buf = vim.api.nvim_get_current_buf()
    vim.bo[buf].filetype = language
    vim.lsp.buf_attach_client(buf, client_id)
    buffers[path] = buf
  end

  for path, buf in pairs(buffers) do
    -- Diagnostics arrive by notification: wait for them (or give up after 15 s).
    vim.wait(15000, function() return #vim.diagnostic.get(buf) > 0 end, 20)
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
      table.insert(seen, { line = d.lnum, severity = d.severity, code = code, message = d.message })
    end
    table.sort(seen, function(a, b) return a.line < b.line end)
    result.files[path] = { diagnostics = seen }
  end

  local hover_path, line, character = string.match(os.getenv('BL_HOVER'), '^(.*):(%d+):(%d+)$')
  local buf = buffers[hover_path]
  local params = {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    position = { line = tonumber(line), character = tonumber(character) },
  }
  local responses = vim.lsp.buf_request_sync(buf, 'textDocument/hover', params, 10000)
  for _, response in pairs(responses or {}) do
    if response.result and response.result.contents then
      result.hover = response.result.contents.value or response.result.contents
    end
    if response.err then table.insert(result.errors, vim.inspect(response.err)) end
  end
end)

if not ok then table.insert(result.errors, tostring(err)) end
finish()
