import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SampleRegistry, SampleRegistryError } from './sample-registry.ts';

const address = 'Số 5 Lê Lợi, phường Hồng Gai';

const data = {
  population: {
    '001099012345': { full_name: 'Lê Hoàng Nam', birth_date: '1999-08-14', gender: 'nam', policy: 'none', permanent_address: 'Số 18 Nguyễn Trãi, phường Thanh Xuân, thành phố Hà Nội' },
    '001190006789': { full_name: 'Nguyễn Thị Lan', birth_date: '1990-11-05', gender: 'nu' },
  },
  land: { [address]: { owner_id: '001099012345', area: 68.5 } },
  health: { '001099012345': { driver_fit: true } },
};

/** The error `fromData` throws for `bad`. */
function rejection(bad: unknown): SampleRegistryError {
  try {
    SampleRegistry.fromData(bad);
  } catch (e) {
    if (e instanceof SampleRegistryError) return e;
    throw e;
  }
  throw new Error('accepted malformed data');
}

describe('SampleRegistry', () => {
  const registry = SampleRegistry.fromData(data);

  it('reads the record of a source for a key, values as stored', async () => {
    expect(await registry.read('land', address)).toEqual({ owner_id: '001099012345', area: 68.5 });
    expect(await registry.read('health', '001099012345')).toEqual({ driver_fit: true });
  });

  it('answers undefined for a key or a source it does not have', async () => {
    expect(await registry.read('land', 'Số 6 Lê Lợi, phường Hồng Gai')).toBeUndefined();
    expect(await registry.read('passport', '001099012345')).toBeUndefined();
    expect(registry.keys('passport')).toEqual([]);
  });

  it('finds an address typed decomposed (NFD), with stray blanks', async () => {
    const typed = `  ${address.normalize('NFD').replace(' ', '   ')}\t`;
    expect(typed).not.toBe(address);
    expect((await registry.read('land', typed))?.['owner_id']).toBe('001099012345');
  });

  it('finds a key stored decomposed by its composed form', async () => {
    const r = SampleRegistry.fromData({ land: { [address.normalize('NFD')]: { owner_id: '001099012345' } } });
    expect(await r.read('land', address)).toBeDefined();
    expect(r.keys('land')).toEqual([address]);
  });

  it('lists the keys of a source, sorted', () => {
    expect(registry.keys('population')).toEqual(['001099012345', '001190006789']);
  });

  it('lists the citizens for the login page, by personal id, without fields they lack', () => {
    const r = SampleRegistry.fromData({ population: { '001190006789': data.population['001190006789'], '001099012345': data.population['001099012345'] } });
    expect(r.citizens()).toEqual([
      { personal_id: '001099012345', full_name: 'Lê Hoàng Nam', birth_date: '1999-08-14', gender: 'nam', policy: 'none', permanent_address: 'Số 18 Nguyễn Trãi, phường Thanh Xuân, thành phố Hà Nội' },
      { personal_id: '001190006789', full_name: 'Nguyễn Thị Lan', birth_date: '1990-11-05', gender: 'nu' },
    ]);
  });

  it('hands out records that cannot be changed behind its back', async () => {
    const rec = (await registry.read('population', '001099012345')) as Record<string, unknown>;
    expect(() => {
      rec['policy'] = 'ho_ngheo';
    }).toThrow(TypeError);
    expect((await registry.read('population', '001099012345'))?.['policy']).toBe('none');
  });

  describe('rejects malformed data, naming where', () => {
    it('a birth date not written YYYY-MM-DD', () => {
      const e = rejection({ population: { '001099012345': { full_name: 'Lê Hoàng Nam', birth_date: '14/08/1999' } } });
      expect(e.path).toBe('population["001099012345"].birth_date');
      expect(e.message).toContain('population["001099012345"].birth_date');
    });

    it('a person without a name', () => {
      expect(rejection({ population: { '001099012345': { birth_date: '1999-08-14' } } }).path).toBe('population["001099012345"].full_name');
    });

    it('a value that is not a string, number or boolean', () => {
      expect(rejection({ land: { [address]: { owner_id: null } } }).path).toBe(`land[${JSON.stringify(address)}].owner_id`);
      expect(rejection({ land: { [address]: { area: { m2: 68 } } } }).path).toBe(`land[${JSON.stringify(address)}].area`);
    });

    it('a record that is not an object', () => {
      expect(rejection({ land: { [address]: 'owner 001099012345' } }).path).toBe(`land[${JSON.stringify(address)}]`);
    });

    it('a source id that is not an identifier', () => {
      const e = rejection({ Population: {} });
      expect(e.path).toBe('["Population"]');
      expect(e.message).toMatch(/source id/);
    });

    it('data that is not an object at all', () => {
      expect(rejection([1, 2]).path).toBe('(gốc)');
    });

    it('two keys that are the same once normalised', () => {
      const e = rejection({ land: { [address]: { area: 1 }, [` ${address.normalize('NFD')}`]: { area: 2 } } });
      expect(e.path).toMatch(/^land\[/);
      expect(e.message).toMatch(/trùng|duplicate/);
    });
  });

  describe('load', () => {
    it('reads the repository sample data by default', async () => {
      const r = await SampleRegistry.load();
      expect(r.citizens().length).toBeGreaterThanOrEqual(200);
      expect((await r.read('land', address))?.['owner_id']).toBe('001099012345');
    });

    it('names the file when it is not JSON or not sample data', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'motcua-sample-'));
      const broken = join(dir, 'broken.json');
      writeFileSync(broken, '{ "population": ');
      await expect(SampleRegistry.load(broken)).rejects.toThrow(broken);
      const wrong = join(dir, 'wrong.json');
      writeFileSync(wrong, JSON.stringify({ land: { [address]: { owner_id: [] } } }));
      await expect(SampleRegistry.load(wrong)).rejects.toThrow(/wrong\.json.*land\[/);
    });
  });
});
