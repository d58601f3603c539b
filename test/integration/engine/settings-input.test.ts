// Settings input the schema used to let through and the scheduler could not read: an hour
// like « 25:00 » or « 08:75 » is refused in French when saved, and nothing is changed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../main/core/engine';
import { openDemoEngine, tempDir } from './helpers';

const root = tempDir('sceau-settings-input-');
let engine: Engine;
let close: () => Promise<void>;

beforeAll(async () => {
  ({ engine, close } = await openDemoEngine(root));
});
afterAll(() => close());

describe('heures des réglages', () => {
  it.each([['25:00'], ['08:75'], ['99:99'], ['24:30']])(
    '« %s » est refusé en français, sans rien changer',
    async (bad) => {
      const before = await engine.handlers.getSettings({});
      await expect(engine.handlers.updateSettings({ nightWindow: { start: bad, end: '06:00' } })).rejects.toThrow(
        /heure|HH:MM/i,
      );
      await expect(
        engine.handlers.updateSettings({
          officeHours: { enabled: true, start: '08:30', end: bad, limitKbps: 512, days: [1, 2, 3, 4, 5] },
        }),
      ).rejects.toThrow(/heure|HH:MM/i);
      expect(await engine.handlers.getSettings({})).toEqual(before);
    },
  );

  it('des heures valides, minuit compris, sont gardées', async () => {
    const saved = await engine.handlers.updateSettings({ nightWindow: { start: '22:00', end: '24:00' } });
    expect(saved.values.nightWindow).toEqual({ start: '22:00', end: '24:00' });
    const again = await engine.handlers.updateSettings({ nightWindow: { start: '20:00', end: '06:30' } });
    expect(again.values.nightWindow).toEqual({ start: '20:00', end: '06:30' });
  });
});
