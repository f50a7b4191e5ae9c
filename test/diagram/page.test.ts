// The flow diagram's page in headless Chromium, fed the diagrams the server sends for the seed's
// dumps: what it draws (lanes, one arrow per packet through the balancer, the translation, the
// marks, the IPsec peer's status), what the filters and the collapse leave, what a click and the
// editor's cursor do, what an export holds, and that a long dump draws only the rows in view.
// Screenshots in three themes go to test-results/diagram/ to be looked at.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  CAPTURE_LANGUAGE,
  createLanguageService,
  type FlowDiagram,
  useLocale,
} from '../../server/src/service';
import { repoRoot } from '../paths';
import {
  type DiagramPage,
  launchBrowser,
  openDiagramPage,
  type PageLanguage,
  resultsFolder,
  type Theme,
} from './page';

/** The diagram the server sends for a dump's text. */
function diagramOf(text: string, name = 'capture.axdebug.txt'): FlowDiagram {
  const answer = createLanguageService().getFlowDiagram(
    TextDocument.create(`file:///w/${name}`, CAPTURE_LANGUAGE, 1, text),
  );
  if ('error' in answer) throw new Error(answer.error);
  return answer;
}

function example(name: string): FlowDiagram {
  const diagram = diagramOf(fs.readFileSync(path.join(repoRoot, 'examples', name), 'utf8'), name);
  // Recorded beside the screenshots: the data the page was drawn from.
  fs.mkdirSync(resultsFolder, { recursive: true });
  fs.writeFileSync(
    path.join(resultsFolder, `${name}.diagram.json`),
    JSON.stringify(diagram, null, 1),
  );
  return diagram;
}

describe('The flow diagram page', function () {
  this.timeout(60_000);
  let browser: Browser;
  let diagram: DiagramPage;
  const beforeFix = (): FlowDiagram => example('capture-before-fix.axdebug.txt');
  const texts = (selector: string): Promise<string[]> =>
    diagram.page.locator(selector).allTextContents();
  /** Types into a filter box and presses Enter. */
  const filter = async (selector: string, text: string): Promise<void> => {
    await diagram.page.fill(selector, text);
    await diagram.page.press(selector, 'Enter');
    await diagram.send({ type: 'nothing' });
  };

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    diagram = await openDiagramPage(browser, 'dark');
  });
  afterEach(async () => {
    await diagram.page.close();
    assert.deepStrictEqual(
      diagram.errors,
      [],
      'the page threw or the browser refused something (CSP)',
    );
  });

  it('draws a lane per host and the balancer with its ports and addresses', async () => {
    await diagram.show(beforeFix());
    assert.deepStrictEqual(await texts('#head-svg .head .name'), [
      '10.1.1.254',
      'balancer',
      '*.*.*.*',
      '192.168.0.108',
    ]);
    const balancer = (await texts('#head-svg .head.balancer text')).join(' | ');
    assert.match(balancer, /port 1 · port 6/);
    assert.match(balancer, /183\.62\.\*\.\*/);
  });

  it('draws one row per packet, the two copies joined through the balancer with the translation on it', async () => {
    await diagram.show(beforeFix());
    assert.strictEqual(await diagram.page.locator('#body-svg g.row').count(), 8);
    // Six packets crossed the balancer (two halves each), two ICMP errors were only seen leaving it.
    assert.strictEqual(await diagram.page.locator('#body-svg .arrow').count(), 6 * 2 + 2);
    assert.strictEqual(await diagram.page.locator('#body-svg .junction').count(), 8);
    const translations = await texts('#body-svg .translation');
    assert.ok(
      translations.some((t) => t.startsWith('source 10.1.1.254:22518 → 183.62.*.*:2614')),
      translations.join('\n'),
    );
    const syn = diagram.page.locator('#body-svg g.row[data-line="4"] title').first();
    assert.match((await syn.textContent()) ?? '', /source NAT with port translation/);
  });

  it('marks one-way flows, untranslated ESP and the ICMP errors with the flow they report on', async () => {
    await diagram.show(beforeFix());
    const esp = (await texts('#body-svg g.row[data-line="0"] .badge')).join('');
    assert.match(esp, /one-way/);
    assert.match(esp, /untranslated/);
    assert.strictEqual(await diagram.page.locator('#body-svg g.row.one-way').count(), 6);
    const error = (await texts('#body-svg g.row.icmp-error .badge')).join('|');
    assert.match(error, /ICMP error .*about flow 4/);
    // The error is drawn against the echo request it answers, in the time column.
    assert.strictEqual(await diagram.page.locator('#time-svg .bracket.error').count(), 2);
  });

  it('heads the picture with each IPsec peer and how far its tunnel got', async () => {
    await diagram.show(beforeFix());
    assert.match(
      (await texts('#peers-svg > text')).join('\n'),
      /IPsec peer 1 10\.1\.1\.254 ↔ \*\.\*\.\*\.\*: .*one-way ESP/,
    );
    await diagram.show(example('capture-after-fix.axdebug.txt'));
    assert.match(
      (await texts('#peers-svg > text')).join('\n'),
      /✔ IPsec peer 1 .*data flows both ways/,
    );
    assert.strictEqual(await diagram.page.locator('#body-svg g.row.one-way').count(), 0);
  });

  it('filters by protocol, flow and peer, and collapses each flow to one row', async () => {
    await diagram.show(beforeFix());
    const rows = (): Promise<number> => diagram.page.locator('#body-svg g.row').count();
    await diagram.page.selectOption('#protocol', 'tcp');
    assert.strictEqual(await rows(), 2);
    await diagram.page.selectOption('#protocol', '');
    await filter('#flow', '4');
    assert.strictEqual(await rows(), 4);
    await filter('#flow', '');
    await filter('#peer', '1');
    assert.strictEqual(
      await rows(),
      6,
      'the peer has its ESP and the pings and errors exchanged with its address',
    );
    await filter('#peer', '10.1.1.254 ↔');
    assert.strictEqual(await rows(), 6, 'the peer found by its address');
    await filter('#peer', '');
    await diagram.page.click('#collapse');
    assert.strictEqual(await rows(), 4);
    assert.deepStrictEqual(
      (await texts('#body-svg g.flowrow > text.label')).map((t) => t.split(' · ')[0]),
      [
        'Flow 1: ESP spi 0x7eb7fb45 10.1.1.254 → *.*.*.*',
        'Flow 2: TCP 10.1.1.254:22518 ↔ 192.168.0.108:1521',
        'Flow 3: TCP 10.1.1.254:60641 ↔ 192.168.0.108:1521',
        'Flow 4: ICMP echo 10.1.1.254 ↔ *.*.*.*',
      ],
    );
    assert.match(
      await diagram.page.locator('#summary').innerText(),
      /8 packets, 4 flows; 4 rows shown; time in ticks/,
    );
  });

  it('finds a flow by its number or by a part of its name or address, and offers the busiest matches', async () => {
    await diagram.show(beforeFix());
    const rowsOfFlows = async (): Promise<string[]> =>
      [...new Set(await diagram.page.locator('#body-svg g.row title').allTextContents())].map(
        (t) => /flow (\d+)/.exec(t)?.[1] ?? '-',
      );
    await filter('#flow', '#3');
    assert.deepStrictEqual(await rowsOfFlows(), ['3']);
    // A match offered under the box reads `3: TCP …`: picking it is picking flow 3.
    await filter('#flow', '3: TCP 10.1.1.254:60641 ↔ 192.168.0.108:1521');
    assert.deepStrictEqual(await rowsOfFlows(), ['3']);
    // A part of an address or a port: every flow whose name holds it.
    await filter('#flow', '192.168.0.108');
    assert.deepStrictEqual(await rowsOfFlows(), ['2', '3']);
    assert.match(await diagram.page.locator('#summary').innerText(), /2 flows match; 2 rows shown/);
    await filter('#flow', ':22518');
    assert.deepStrictEqual(await rowsOfFlows(), ['2']);
    // What the box offers as the user types: the matches, each with its packets, the busiest first.
    await diagram.page.fill('#flow', 'tcp');
    await diagram.page.dispatchEvent('#flow', 'input');
    assert.deepStrictEqual(
      await diagram.page.evaluate<string[][]>(
        "[...document.querySelectorAll('#flow-matches option')].map((o) => [o.value, o.label])",
      ),
      [
        ['2: TCP 10.1.1.254:22518 ↔ 192.168.0.108:1521', '1 packet'],
        ['3: TCP 10.1.1.254:60641 ↔ 192.168.0.108:1521', '1 packet'],
      ],
    );
    await filter('#flow', 'no such host');
    assert.strictEqual(await diagram.page.locator('#body-svg g.row').count(), 0);
    assert.match(
      await diagram.page.locator('#summary').innerText(),
      /no flow holds “no such host”/,
    );
    assert.strictEqual(await diagram.page.getAttribute('#flow', 'aria-invalid'), 'true');
  });

  it('fits the lanes to a panel beside the dump, and lays them out again when it is resized', async () => {
    const narrow = await openDiagramPage(browser, 'light', { width: 520, height: 640 });
    try {
      await narrow.show(beforeFix());
      const viewport = await narrow.page.evaluate<number>('document.documentElement.clientWidth');
      const rights = async (): Promise<number[]> =>
        narrow.page.evaluate<number[]>(
          "[...document.querySelectorAll('#head-svg .head rect')].map((r) => r.getBoundingClientRect().right)",
        );
      assert.ok(
        (await rights()).every((right) => right <= viewport),
        `lane heads end at ${(await rights()).join(', ')} in a ${viewport} px page`,
      );
      assert.strictEqual(
        await narrow.page.evaluate<number>(
          "document.getElementById('scroller').scrollWidth - document.getElementById('scroller').clientWidth",
        ),
        0,
        'nothing to scroll sideways',
      );
      // A name cut to fit its head keeps the whole of it as its tooltip.
      const last = await narrow.page.evaluate<string[]>(
        "[...document.querySelectorAll('#head-svg .head .name')].slice(-1).flatMap((n) => [n.firstChild.textContent, n.querySelector('title')?.textContent ?? ''])",
      );
      assert.ok(
        last[0] === '192.168.0.108' || (last[0].endsWith('…') && last[1] === '192.168.0.108'),
        last.join(' | '),
      );
      await narrow.screenshot('seed-before-fix-520px');
      await narrow.page.setViewportSize({ width: 1100, height: 640 });
      await narrow.send({ type: 'nothing' });
      const wide = await rights();
      assert.ok(
        wide[wide.length - 1] > 700,
        `the lanes spread out again: heads end at ${wide.join(', ')}`,
      );
      assert.deepStrictEqual(narrow.errors, []);
    } finally {
      await narrow.page.close();
    }
  });

  it('scrolls a panel too narrow for the narrowest lanes sideways, the heads with the rows', async () => {
    const narrow = await openDiagramPage(browser, 'dark', { width: 300, height: 500 });
    try {
      await narrow.show(beforeFix());
      const overflow = await narrow.page.evaluate<number>(
        "document.getElementById('scroller').scrollWidth - document.getElementById('scroller').clientWidth",
      );
      assert.ok(overflow > 0, 'the rows scroll sideways');
      assert.match(
        await narrow.page.locator('#summary').innerText(),
        /; 4 lanes, wider than the panel: scroll sideways$/,
      );
      await narrow.page.evaluate("document.getElementById('scroller').scrollLeft = 200");
      await narrow.send({ type: 'nothing' });
      // The balancer's head stands over the balancer's lane.
      const [head, lane] = await narrow.page.evaluate<number[]>(
        "[document.querySelector('#head-svg .head.balancer rect'), document.querySelector('#body-svg .lane.balancer')].map((e) => { const b = e.getBoundingClientRect(); return b.left + b.width / 2; })",
      );
      assert.ok(Math.abs(head - lane) < 1, `head centred at ${head}, lane at ${lane}`);
      assert.ok(head < 300, 'scrolled into view');
      // The time column stays in view, its times level with their rows.
      const [timeLeft, timeBottom, arrowBottom] = await narrow.page.evaluate<number[]>(
        "[document.querySelector('#time-svg text.time').getBoundingClientRect(), document.querySelector('#body-svg g.row .arrow').getBoundingClientRect()].flatMap((b, i) => (i === 0 ? [b.left, b.bottom] : [b.bottom]))",
      );
      assert.ok(
        timeLeft <= 8 && Math.abs(timeBottom - arrowBottom) < 8,
        `the first time at ${timeLeft}, ${timeBottom}; its arrow at ${arrowBottom}`,
      );
      // So do the IPsec peers' lines, how far each tunnel got cut to the panel's width.
      assert.strictEqual(
        await narrow.page.evaluate<number>(
          "document.getElementById('peers-svg').getBoundingClientRect().left",
        ),
        0,
      );
      assert.match(
        (await narrow.page.locator('#peers-svg > text').first().textContent()) ?? '',
        /IPsec peer 1 .*one-way ESP/,
      );
      await narrow.screenshot('seed-before-fix-300px-scrolled');
      assert.deepStrictEqual(narrow.errors, []);
    } finally {
      await narrow.page.close();
    }
  });

  it('asks the editor to reveal the line of a clicked arrow, and highlights the row of the cursor line', async () => {
    await diagram.show(beforeFix());
    await diagram.page.locator('#body-svg g.row[data-line="6"]').click();
    assert.deepStrictEqual(
      (await diagram.posted()).filter((m) => m.type === 'reveal'),
      [{ type: 'reveal', line: 6 }],
    );
    // The cursor on the second copy (line 6, 0-based 5) of the first SYN highlights its row.
    await diagram.send({ type: 'cursor', line: 5 });
    const highlighted = diagram.page.locator('#body-svg g.row.highlight');
    assert.strictEqual(await highlighted.count(), 1);
    assert.strictEqual(await highlighted.getAttribute('data-line'), '4');
  });

  it('exports the picture as SVG in the theme colours, and as PNG', async () => {
    await diagram.show(beforeFix());
    await diagram.page.click('#export-svg');
    await diagram.page.click('#export-png');
    await diagram.until("window.__posted.some((m) => m.format === 'png')");
    const exports = (await diagram.posted()).filter((m) => m.type === 'export');
    const svg = exports.find((m) => m.format === 'svg')!.data as string;
    assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(
      !svg.includes('var(--'),
      'an exported picture carries colours, not the editor theme variables',
    );
    // The dark theme's background and text (the light palette's text is #1f1f1f too: both are checked).
    assert.ok(svg.includes('.bl-diagram .bg{fill:#1f1f1f}'), "the dark theme's editor background");
    assert.ok(svg.includes('.bl-diagram text{fill:#cccccc}'), "the dark theme's editor foreground");
    fs.writeFileSync(path.join(resultsFolder, 'export-dark.svg'), svg);
    const png = exports.find((m) => m.format === 'png')!.data as string;
    assert.match(png, /^data:image\/png;base64,/);
    fs.writeFileSync(
      path.join(resultsFolder, 'export-dark.png'),
      Buffer.from(png.slice(png.indexOf(',') + 1), 'base64'),
    );
  });

  it('says why there is nothing to draw', async () => {
    await diagram.show(diagramOf(''));
    assert.strictEqual(
      await diagram.page.locator('#message').innerText(),
      'This dump is empty: there is no packet to draw.',
    );
    assert.strictEqual(await diagram.page.locator('#body-svg g.row').count(), 0);
  });

  it('draws only the rows in view of a long dump, and draws it as bands of packets when asked', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 20_000; i++) {
      const id = (0x10000 + i).toString(16);
      lines.push(
        `@${1000 + i} i( 1, 100, ${id})> ip 10.1.1.${1 + (i % 50)} > 192.0.2.${1 + (i % 7)} tcp ${20000 + i} > 443 S ${id}:0(0)`,
      );
      lines.push(
        `@${1000 + i} o( 6, 0, ${id})> ip 198.51.100.7 > 192.0.2.${1 + (i % 7)} tcp ${40000 + (i % 20000)} > 443 S ${id}:0(0)`,
      );
    }
    await diagram.show(diagramOf(lines.join('\n')));
    const drawn = await diagram.page.locator('#body-svg g.row').count();
    assert.ok(drawn > 10 && drawn < 100, `${drawn} rows drawn of 20000`);
    // The page got the outline, and asked for the words of the rows in view and a few hundred after them.
    const first = await diagram.rowsAsked();
    assert.ok(
      first.length < 500 && first.includes(0) && !first.includes(1000),
      `${first.length} rows asked for`,
    );
    await diagram.page.evaluate("document.getElementById('scroller').scrollTop = 30 * 10000");
    await diagram.page.locator('#body-svg g.row[data-row="10000"]').waitFor();
    assert.match(
      (await diagram.page.locator('#body-svg g.row[data-row="10000"] .label').textContent()) ?? '',
      /^TCP SYN/,
    );
    const asked = await diagram.rowsAsked();
    assert.ok(
      asked.length < 1000 && asked.includes(10000) && !asked.includes(5000),
      `${asked.length} rows asked for after a jump to the middle`,
    );
    assert.strictEqual(new Set(asked).size, asked.length, 'no row is asked for twice');
    // Bands are drawn from the outline and the words of each band's first packet, whose time the band shows.
    await diagram.page.selectOption('#density', '100');
    assert.match(
      await diagram.page.locator('#summary').innerText(),
      /^20000 packets, 20000 flows; 200 rows shown; time in ticks; \d+ lanes, wider than the panel: scroll sideways$/,
    );
    await diagram.page.locator('#body-svg g.bucket').first().waitFor();
    const bands = await diagram.page.locator('#body-svg g.bucket').count();
    assert.ok(bands > 10 && bands <= 200, `${bands} bands drawn`);
    assert.match(
      (await diagram.page.locator('#body-svg g.bucket title').first().textContent()) ?? '',
      /^100 packets, lines \d+-\d+: zoom in/,
    );
    const bandFirsts = (await diagram.rowsAsked()).slice(asked.length);
    assert.ok(
      bandFirsts.length > 0 && bandFirsts.every((row) => row % 100 === 0),
      `bands asked for rows ${bandFirsts.slice(0, 5).join(', ')}...`,
    );
    const bandTimes = await diagram.page.locator('#time-svg text.time').allTextContents();
    assert.strictEqual(bandTimes.length, bands);
    // The band scrolled to starts at packet 10000, 10000 ticks after the first (@1000 + i).
    assert.ok(bandTimes.includes('+10000'), `band times ${bandTimes.slice(0, 5).join(', ')}...`);
    await diagram.screenshot('long-dump-bands');
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as Theme[]) {
    it(`draws the seed's dumps readably in the ${theme} theme (screenshots)`, async () => {
      const page = await openDiagramPage(browser, theme);
      try {
        await page.show(beforeFix());
        await page.send({ type: 'cursor', line: 4 });
        await page.screenshot(`seed-before-fix-${theme}`);
        await page.show(example('capture-after-fix.axdebug.txt'));
        await page.screenshot(`seed-after-fix-${theme}`);
        await page.show(
          diagramOf(
            fs.readFileSync(
              path.join(repoRoot, 'test', 'fixtures', 'capture', 'f5-nat-vpn.tcpdump.txt'),
              'utf8',
            ),
            'f5.tcpdump.txt',
          ),
        );
        await page.screenshot(`f5-tcpdump-${theme}`);
        assert.deepStrictEqual(page.errors, []);
      } finally {
        await page.page.close();
      }
    });
  }
});

describe('The flow diagram page in Simplified Chinese (the editor in zh-cn)', function () {
  this.timeout(60_000);
  let browser: Browser;
  const readBundle = (relative: string): Record<string, string> =>
    JSON.parse(fs.readFileSync(path.join(repoRoot, relative), 'utf8')) as Record<string, string>;
  const zhCn: PageLanguage = {
    tag: 'zh-cn',
    bundle: readBundle('l10n/bundle.l10n.zh-cn.json'),
  };

  /** The diagram as the server sends it in zh-cn (its labels, lanes and peers' status in Chinese). */
  function chineseDiagram(name: string): FlowDiagram {
    useLocale('zh-cn', readBundle('l10n/server/bundle.l10n.zh-cn.json'));
    try {
      return example(name);
    } finally {
      useLocale('en');
    }
  }

  /**
   * Every text the page shows or says (text, tooltips, placeholders, labels read aloud, the matches
   * offered), less the words that are the same in Chinese: protocol and product names, and what the
   * dump itself holds (addresses, SPIs, port names, the time's unit).
   */
  const SAME_IN_CHINESE = new Set([
    'IPsec',
    'ESP',
    'TCP',
    'UDP',
    'ICMP',
    'IKE',
    'NAT',
    'SVG',
    'PNG',
    'SPI',
    'spi',
    'echo',
    'port',
    'ticks',
    'SYN',
    'ACK',
    'FIN',
    'RST',
    'PSH',
  ]);
  async function englishWords(page: DiagramPage): Promise<string[]> {
    const shown = await page.page.evaluate<string[]>(`(() => {
      const out = [document.title];
      const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) out.push(node.textContent);
      for (const element of document.querySelectorAll('[title],[placeholder],[aria-label],option'))
        for (const name of ['title', 'placeholder', 'aria-label', 'label'])
          if (element.getAttribute(name)) out.push(element.getAttribute(name));
      return out;
    })()`);
    const words = shown
      // Addresses and hexadecimal numbers are the dump's own.
      .map((text) => text.replace(/0x[0-9a-f]+/gi, ''))
      .flatMap((text) => text.match(/[A-Za-z]{2,}/g) ?? []);
    return [...new Set(words.filter((word) => !SAME_IN_CHINESE.has(word)))];
  }

  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });

  it('shows every head, badge, button, legend, summary and tooltip in Chinese', async () => {
    const page = await openDiagramPage(browser, 'dark', undefined, zhCn);
    try {
      await page.show(chineseDiagram('capture-before-fix.axdebug.txt'));
      // The summary's filtered forms, a match list offered, and a narrow panel's sideways note.
      await page.page.fill('#flow', 'TCP');
      await page.page.press('#flow', 'Enter');
      await page.page.focus('#peer');
      await page.send({ type: 'nothing' });
      assert.deepStrictEqual(await englishWords(page), []);
      assert.strictEqual(
        await page.page.locator('#summary').innerText(),
        '8 个数据包，4 条流；2 条流匹配；显示 2 行；时间单位：ticks',
      );
      assert.deepStrictEqual(await page.page.locator('#toolbar button').allInnerTexts(), [
        '折叠流',
        '导出 SVG',
        '导出 PNG',
      ]);
      assert.deepStrictEqual(
        await page.page.locator('#head-svg .head.balancer text').first().textContent(),
        '负载均衡设备',
      );
      await page.page.setViewportSize({ width: 300, height: 500 });
      await page.page.fill('#flow', 'nowhere');
      await page.page.press('#flow', 'Enter');
      await page.until(`document.getElementById('summary').textContent.includes('横向滚动')`);
      assert.match(await page.page.locator('#summary').innerText(), /；没有流包含“nowhere”；/);
      await page.page.selectOption('#density', '10');
      await page.send({ type: 'nothing' });
      assert.deepStrictEqual(
        (await englishWords(page)).filter((w) => w !== 'nowhere'),
        [],
      );
      await page.screenshot('seed-before-fix-zh-cn');
      assert.deepStrictEqual(page.errors, []);
    } finally {
      await page.page.close();
    }
  });

  it('says why there is nothing to draw in Chinese', async () => {
    const page = await openDiagramPage(browser, 'light', undefined, zhCn);
    try {
      useLocale('zh-cn', readBundle('l10n/server/bundle.l10n.zh-cn.json'));
      let empty: FlowDiagram;
      try {
        empty = diagramOf('');
      } finally {
        useLocale('en');
      }
      await page.show(empty);
      assert.strictEqual(
        await page.page.locator('#message').innerText(),
        '这个抓包是空的：没有可画的数据包。',
      );
      assert.deepStrictEqual(await englishWords(page), []);
    } finally {
      await page.page.close();
    }
  });
});
