// Opening the examples gives each file its balancer language, and that wakes the extension.
import * as assert from 'assert';
import { balancerLens, openExample, waitUntil } from './helpers';

describe('Languages', () => {
  it('opens an axdebug capture as balancer-capture', async () => {
    const { document } = await openExample('capture-before-fix.axdebug.txt');
    assert.strictEqual(document.languageId, 'balancer-capture');
  });

  it('opens a VIP summary as balancer-config', async () => {
    const { document } = await openExample('vip-before-fix.summary.txt');
    assert.strictEqual(document.languageId, 'balancer-config');
  });

  it('activates Balancer Lens once a balancer file is open', async () => {
    await openExample('vip-before-fix.summary.txt');
    const extension = balancerLens();
    await waitUntil('balancer-lens.balancer-lens is active', () => extension.isActive);
  });
});
