// Silencing findings: a `!` comment (which ACOS itself skips) for one line, and the
// `balancerLens.rules` setting for a rule everywhere.
import * as assert from 'assert';
import { createLanguageService } from '../../../server/src/service';
import { configDocument } from '../support';
import { codes, finding, lines } from './support';

const HEADER = '!version 2.7.2-P4, build 32 (Jun-10-2015,13:11)';
const TWO_UNUSED = lines(HEADER, 'slb server a 10.0.0.1', 'slb server b 10.0.0.2', 'end');

describe('Silencing findings', () => {
  describe('`! balancer-lens-disable-next-line`', () => {
    it('silences the codes it names on the next line only', () => {
      const text = lines(
        HEADER,
        '! balancer-lens-disable-next-line lbconf/unused-definition',
        'slb server a 10.0.0.1',
        'slb server b 10.0.0.2',
        'end',
      );
      assert.deepStrictEqual(codes(createLanguageService().doValidation(configDocument(text))), [
        'lbconf/unused-definition@4',
      ]);
    });

    it('leaves other codes on that line alone, and silences every code when it names none', () => {
      const named = lines(
        HEADER,
        '! balancer-lens-disable-next-line lbconf/missing-address',
        'slb server a',
        'end',
      );
      assert.deepStrictEqual(codes(createLanguageService().doValidation(configDocument(named))), [
        'lbconf/unused-definition@3',
      ]);
      const all = lines(HEADER, '!balancer-lens-disable-next-line', 'slb server a', 'end');
      assert.deepStrictEqual(codes(createLanguageService().doValidation(configDocument(all))), []);
    });

    it('works indented inside a block, where ACOS reads it as a comment too (it does not end the block)', () => {
      const text = lines(
        HEADER,
        'slb server s 10.0.0.1',
        '   ! balancer-lens-disable-next-line lbconf/unknown-command',
        '   frobnicate on',
        '   port 70000 tcp',
        'end',
      );
      assert.deepStrictEqual(codes(createLanguageService().doValidation(configDocument(text))), [
        'lbconf/unused-definition@2',
        'lbconf/port-out-of-range@5',
      ]);
    });
  });

  describe('the `balancerLens.rules` setting', () => {
    it('turns a rule off, or changes its severity', () => {
      const service = createLanguageService({
        settings: { rules: { 'lbconf/unused-definition': 'off' } },
      });
      assert.deepStrictEqual(service.doValidation(configDocument(TWO_UNUSED)), []);
      service.configure({ rules: { 'lbconf/unused-definition': 'warning' } });
      assert.deepStrictEqual(service.doValidation(configDocument(TWO_UNUSED)).map(finding), [
        '2:12 warning lbconf/unused-definition Server `a` is defined but not used: no service group has it as a member.',
        '3:12 warning lbconf/unused-definition Server `b` is defined but not used: no service group has it as a member.',
      ]);
    });

    it('ignores values it does not know and codes of other rules', () => {
      const service = createLanguageService({
        settings: { rules: { 'lbconf/unused-definition': 'loud' as never, 'lbconf/other': 'off' } },
      });
      assert.deepStrictEqual(
        service.doValidation(configDocument(TWO_UNUSED)).map((d) => d.severity),
        [4, 4],
      );
    });
  });
});
