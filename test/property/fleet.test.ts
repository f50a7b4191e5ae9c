// A fleet is many devices, each checked on its own: whatever else is in the folder, a device's
// findings are those it has alone. Concatenating two folders' devices, renaming the files
// (into other folders, without an extension) or shuffling the order the host lists them in never
// changes any device's findings. The devices are drawn from one small vocabulary, so that they
// reuse each other's names (servers, service groups, NAT pools, VIPs) with other definitions.
import * as assert from 'assert';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createLanguageService } from '../../server/src/service';
import { configText } from './documents';

const CONFIG = 'balancer-config';

/** A device's configuration: a hostname, then blocks and lines that reuse the fleet's names. */
const device = fc.tuple(
  fc.constantFrom('', '!RANCID-CONTENT-TYPE: a10\n', '!Current configuration: 1187 bytes\n'),
  configText,
);

/** A file name for a device: with or without an extension, in a folder or not. */
const fileName = fc.tuple(
  fc.constantFrom('', 'dc1/', 'dc2/', 'rancid/configs/'),
  fc.constantFrom('.cfg', '', '.a10.cfg', '.txt'),
);

/** The findings of each document of a folder (uri: text), the uri of the document written as SELF. */
function findingsOf(files: readonly (readonly [string, string])[]): string[] {
  const documents = files.map(([uri, text]) => TextDocument.create(uri, CONFIG, 1, text));
  const service = createLanguageService({ workspace: { configDocuments: () => documents } });
  return documents.map((d) =>
    JSON.stringify(service.doValidation(d)).split(JSON.stringify(d.uri).slice(1, -1)).join('SELF'),
  );
}

describe('A fleet of devices (property)', function () {
  this.timeout(120_000);

  it("never changes a device's findings by what else is in its folder: concatenated, renamed, shuffled", () => {
    fc.assert(
      fc.property(
        fc.array(device, { minLength: 1, maxLength: 4 }),
        fc.array(device, { minLength: 1, maxLength: 3 }),
        fc.array(fileName, { minLength: 7, maxLength: 7 }),
        fc.infiniteStream(fc.nat()),
        (first, second, names, order) => {
          const texts = [...first, ...second].map(
            ([header, body], i) => `${header}hostname lb${i}\n${body}`,
          );
          const alone = texts.map((text, i) => findingsOf([[`file:///alone/lb${i}.cfg`, text]])[0]);
          // Each folder on its own, then both in one, renamed, in a shuffled order.
          const folderOne = findingsOf(
            first.map((_, i) => [`file:///one/lb${i}.cfg`, texts[i]] as const),
          );
          const folderTwo = findingsOf(
            second.map(
              (_, j) => [`file:///two/lb${first.length + j}.cfg`, texts[first.length + j]] as const,
            ),
          );
          const renamed = texts.map(
            (text, i) => [`file:///fleet/${names[i][0]}box-${i}${names[i][1]}`, text, i] as const,
          );
          const keys = renamed.map(() => order.next().value as number);
          const shuffled = renamed
            .map((file, i) => ({ file, key: keys[i] }))
            .sort((a, b) => a.key - b.key)
            .map((s) => s.file);
          const together = findingsOf(shuffled.map(([uri, text]) => [uri, text] as const));
          assert.deepStrictEqual([...folderOne, ...folderTwo], alone);
          shuffled.forEach(([, , i], at) => assert.strictEqual(together[at], alone[i]));
        },
      ),
      { numRuns: 60 },
    );
  });
});
