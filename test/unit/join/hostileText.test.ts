// Text from a dump or a configuration written into Markdown (hovers, the capture report) shows as
// written: a backtick in a name cannot close its code span, a line of three backticks cannot
// close the definition's block, and a link, an address or `www.` in a name links nowhere.
import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MarkupContent } from 'vscode-languageserver-types';
import {
  CAPTURE_LANGUAGE,
  CONFIG_LANGUAGE,
  createLanguageService,
} from '../../../server/src/service';
import {
  markdownCode,
  markdownDestination,
  markdownFence,
  markdownLink,
  markdownText,
} from '../../../server/src/service/markdown';
import { rendered } from '../../markdown';
import { fixture } from '../support';

/** The hover's Markdown at a 0-based line and column of a document. */
function hoverOf(
  document: TextDocument,
  line: number,
  character: number,
  configs: TextDocument[] = [],
): string {
  const service = createLanguageService({ workspace: { configDocuments: () => configs } });
  const hover = service.doHover(document, { line, character });
  assert.ok(hover, `no hover at ${line}:${character}`);
  return (hover.contents as MarkupContent).value;
}

const LINK = '[click](https://evil.example/)';

describe('User text in Markdown', () => {
  describe('the escapes', () => {
    it('fences a code span by one backtick more than the longest run inside, padding a backtick at either end', () => {
      assert.deepStrictEqual(
        ['web1', 'a`b', 'a``b`', '`x', 'two\nlines', ' both ', ''].map(markdownCode),
        ['`web1`', '``a`b``', '``` a``b` ```', '`` `x ``', '`two lines`', '`  both  `', '` `'],
      );
    });

    it('fences a block by more backticks than any run of its lines, at least three', () => {
      assert.strictEqual(
        markdownFence('port 80 tcp\n```\nend', 'balancer-config'),
        '````balancer-config\nport 80 tcp\n```\nend\n````',
      );
      assert.strictEqual(markdownFence('plain'), '```\nplain\n```');
    });

    it('escapes prose so that no emphasis, code, HTML, entity, table, math or link survives, nor what a preview links', () => {
      assert.strictEqual(
        markdownText(
          '*.*.*.* _x_ `c` <b> &amp; a|b ~s~ $x$ # [t](u) https://e.example //e.example www.e.example ops@e.example\nnext',
        ),
        '\\*.\\*.\\*.\\* \\_x\\_ \\`c\\` \\<b\\> \\&amp; a\\|b \\~s\\~ \\$x\\$ \\# \\[t\\](u) https\\:/\\/e.example /\\/e.example www\\.e.example ops\\@e.example next',
      );
    });

    it('keeps a link target whole: what would end it is percent-encoded', () => {
      assert.strictEqual(
        markdownDestination('file:///ws/dump (1)<x>.txt#L3'),
        'file:///ws/dump%20%281%29%3Cx%3E.txt#L3',
      );
      assert.strictEqual(
        markdownLink('a](b)', 'file:///ws/a)b#L1'),
        '[a\\](b)](file:///ws/a%29b#L1)',
      );
    });

    it('shows every hostile text as written and links nowhere, in each place it can land', () => {
      const hostile = [
        'a`b',
        '```',
        `x\`${LINK}\``,
        '<img src=x onerror=alert(1)>',
        'www.evil.example',
        'ops@evil.example',
        'http://evil.example',
        '**bold** _it_',
        '&lt;',
        '$(zap) $x$',
        '| cell |',
      ];
      for (const text of hostile) {
        const markdown = [
          `**Name** ${markdownCode(text)}`,
          `Said: ${markdownText(text)}.`,
          markdownFence(`line ${text}\n${text}`),
          markdownLink(text, 'file:///ws/x#L1'),
        ].join('\n\n');
        const { links, html, text: shown } = rendered(markdown);
        assert.deepStrictEqual(links, ['file:///ws/x#L1'], text);
        assert.deepStrictEqual(html, [], text);
        assert.strictEqual(
          shown.split(text).length - 1,
          5,
          `${text} is not shown whole 5 times in:\n${shown}`,
        );
      }
    });
  });

  describe('in a packet hover', () => {
    it('keeps an F5 virtual server name (`lis=`) and a host name in their code spans', () => {
      const dump = TextDocument.create(
        'file:///ws/f5.tcpdump',
        CAPTURE_LANGUAGE,
        1,
        `12:00:02.000001 IP gw\`${LINK}\`.www.evil.example.500 > 203.0.113.9.500: isakmp: phase 1 I ident in slot1/tmm0 lis=/Common/vs\`${LINK}\`\n`,
      );

      const hover = hoverOf(dump, 0, 5);

      assert.strictEqual(
        hover.split('\n\n')[1],
        `\`\`gw\`${LINK}\`.www.evil.example.500 → 203.0.113.9:500\`\` · virtual server \`\` /Common/vs\`${LINK}\` \`\``,
      );
      const { links, html, text } = rendered(hover);
      assert.deepStrictEqual([links, html], [[], []]);
      assert.ok(text.includes(`/Common/vs\`${LINK}\``), text);
      assert.ok(text.includes(`gw\`${LINK}\`.www.evil.example`), text);
    });
  });

  describe('in a configuration hover', () => {
    const CONFIG = [
      `slb server gw\`${LINK}\` 10.0.0.1`,
      '   port 80 tcp',
      '   ```',
      `   ${LINK} www.evil.example`,
      'slb service-group g tcp',
      `    member gw\`${LINK}\`:80`,
      '',
    ].join('\n');

    it("keeps a name with backticks in its code span, and a line of three backticks inside the definition's block", () => {
      const hover = hoverOf(
        TextDocument.create('file:///ws/box.a10.cfg', CONFIG_LANGUAGE, 1, CONFIG),
        5,
        12,
      );

      assert.strictEqual(
        hover,
        [
          `**server** \`\` gw\`${LINK}\` \`\`: 10.0.0.1; ports 80 tcp`,
          'Defined at line 1; used once.',
          `\`\`\`\`balancer-config\n${CONFIG.split('\n').slice(0, 4).join('\n')}\n\`\`\`\``,
        ].join('\n\n'),
      );
      assert.deepStrictEqual(rendered(hover).links, []);
    });
  });

  describe('in the capture report', () => {
    it('links only to the files and lines it names, and shows hostile names and file names as written', () => {
      const config = fixture('config/acos2-wildcard.a10.cfg')
        .replace(/_wildcard_vserver /, `wild\`${LINK}\`_www.evil.example `)
        .replace(/vpn_udp/g, 'vpn```udp');
      const configUri = 'file:///ws/box%20(1).a10.cfg';
      const dumpUri = 'file:///ws/dump)[x](www.evil.example)`.axdebug.txt';
      const service = createLanguageService({
        workspace: {
          configDocuments: () => [TextDocument.create(configUri, CONFIG_LANGUAGE, 1, config)],
        },
      });
      const dump = TextDocument.create(
        dumpUri,
        CAPTURE_LANGUAGE,
        1,
        fixture('seed/capture-before-fix.axdebug.txt'),
      );

      const report = service.explainCapture(dump)!;

      const { links, html, text } = rendered(report);
      assert.deepStrictEqual(html, []);
      const foreign = links.filter(
        (l) =>
          !l.startsWith('file:///ws/dump%29%5Bx%5D%28www.evil.example%29%60.axdebug.txt') &&
          !l.startsWith('file:///ws/box%20%281%29.a10.cfg'),
      );
      assert.deepStrictEqual(foreign, []);
      assert.ok(links.length > 5, `too few links: ${links.join(', ')}`);
      assert.ok(text.includes(`wild\`${LINK}\`_www.evil.example`), text);
      assert.ok(text.includes('Capture report: dump)[x](www.evil.example)`.axdebug.txt'), text);
      // The fix's lines, with the ``` of the service group's name, stay inside one block.
      assert.match(
        report,
        /\n {2}````\n {2}( {3}port 0 {2}others\n {2} {6}name .*\n)?( {2}.*\n)* {2} {6}service-group vpn```udp\n( {2}.*\n)* {2}````\n/,
      );
    });
  });
});
