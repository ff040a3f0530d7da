// Who may sign in. A real deployment plugs in the national identity provider (VNeID) and the
// agency's directory behind `IdentityProvider`; the default set-up has sample users: the sample
// registry's citizens and, for every agency of the catalog, a reception officer, a specialist
// and a leader, plus a centre manager, a designer and an administrator.
import type { IRAgency } from '@motcua/dsl';
import type { Role } from './tokens.ts';

export interface User {
  readonly id: string;
  readonly role: Role;
  readonly name: string;
  readonly agency?: string;
}

export interface IdentityProvider {
  authenticate(username: string, password: string): Promise<User | undefined>;
}

/** The password of every sample user of the default set-up (shown on the login page). */
export const SAMPLE_PASSWORD = 'motcua';

const ROLE_NAMES: Record<string, string> = {
  reception: 'Cán bộ tiếp nhận',
  specialist: 'Chuyên viên',
  leader: 'Lãnh đạo',
};

export class SampleIdentityProvider implements IdentityProvider {
  private readonly users = new Map<string, User>();

  constructor(citizens: ReadonlyArray<{ personal_id: string; full_name: string }>, agencies: readonly IRAgency[]) {
    for (const c of citizens) this.users.set(c.personal_id, { id: c.personal_id, role: 'citizen', name: c.full_name });
    for (const a of agencies) {
      for (const role of ['reception', 'specialist', 'leader'] as const) {
        const id = `${role}.${a.id}`;
        this.users.set(id, { id, role, agency: a.id, name: `${ROLE_NAMES[role]} — ${a.label}` });
      }
    }
    this.users.set('quanly', { id: 'quanly', role: 'manager', name: 'Quản lý Trung tâm phục vụ hành chính công' });
    this.users.set('thietke', { id: 'thietke', role: 'designer', name: 'Người thiết kế thủ tục' });
    this.users.set('quantri', { id: 'quantri', role: 'admin', name: 'Quản trị hệ thống' });
  }

  async authenticate(username: string, password: string): Promise<User | undefined> {
    return password === SAMPLE_PASSWORD ? this.users.get(username.trim()) : undefined;
  }

  /** The sample users, officers first, for the login page. */
  list(): User[] {
    return [...this.users.values()].sort((a, b) => (a.role === 'citizen' ? 1 : 0) - (b.role === 'citizen' ? 1 : 0) || a.id.localeCompare(b.id));
  }
}

/** Failed logins per username and per client: 5 within 15 minutes locks out until the window passes. */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();
  constructor(
    private readonly limit = 5,
    private readonly windowMs = 15 * 60_000,
    /** Most keys remembered: past it, expired keys are swept, then the oldest dropped (memory stays bounded). */
    private readonly maxKeys = 100_000,
  ) {}

  /** How many usernames and addresses are remembered now. */
  get size(): number {
    return this.failures.size;
  }

  private recent(key: string, now: number): number[] {
    const list = (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    // A key with no recent failure is forgotten, so names tried once do not pile up.
    if (list.length) this.failures.set(key, list);
    else this.failures.delete(key);
    return list;
  }

  private remember(key: string, list: number[], now: number): void {
    this.failures.delete(key); // re-inserted last: the Map's order is oldest first
    this.failures.set(key, list);
    if (this.failures.size <= this.maxKeys) return;
    for (const [k, times] of this.failures) if (now - times[times.length - 1]! >= this.windowMs) this.failures.delete(k);
    for (const k of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) break;
      this.failures.delete(k);
    }
  }

  /** Milliseconds to wait, or 0 when a login may be tried. */
  retryAfter(keys: readonly string[], now = Date.now()): number {
    let wait = 0;
    for (const k of keys) {
      const r = this.recent(k, now);
      if (r.length >= this.limit) wait = Math.max(wait, this.windowMs - (now - r[0]!));
    }
    return wait;
  }

  fail(keys: readonly string[], now = Date.now()): void {
    for (const k of keys) this.remember(k, [...this.recent(k, now), now], now);
  }

  succeed(keys: readonly string[]): void {
    for (const k of keys) this.failures.delete(k);
  }
}
