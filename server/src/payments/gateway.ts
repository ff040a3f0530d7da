// Payments behind one interface. The embedded gateway of the default set-up plays the provider:
// it issues a payment reference, shows a confirmation page, and calls back with a signed message.
// A real provider (VNPay, the National Public Service Portal's payment platform) implements the
// same two methods; the callback is verified and applied idempotently either way.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

export const PaymentCallback = z.strictObject({
  reference: z.string().min(1).max(100),
  dossierId: z.string().min(1).max(100),
  amount: z.number().int().nonnegative(),
  status: z.enum(['paid', 'failed']),
  signature: z.string().min(1).max(200),
});
export type PaymentCallback = z.infer<typeof PaymentCallback>;

export interface PaymentGateway {
  readonly name: string;
  /** Starts a payment; the citizen goes to `url` to pay. */
  start(request: { dossierId: string; amount: number }): { reference: string; url: string };
  /** True when the callback really comes from the provider (signature over its fields). */
  verify(callback: PaymentCallback): boolean;
}

/** What a payment was started for: bound to its reference by the server at `start`, not by the client. */
export interface StartedPayment {
  readonly reference: string;
  readonly dossierId: string;
  /** Whole đồng. */
  readonly amount: number;
}

// EMB-<nonce, 8>.<MAC, 22>~<amount>: the MAC covers the nonce, the dossier and the amount. The
// log redaction's `EMB-<nonce>.<mac>` rule (log.ts) hides the MAC and leaves the amount readable.
// Short (about 40 characters), so that the dossier page shows it on a phone's width; the dossier
// goes beside it, in the page's path (/pay/<dossier>/<reference>), checked by the same MAC.
const REFERENCE = /^EMB-([A-Za-z0-9_-]{8})\.([A-Za-z0-9_-]{22})~(0|[1-9]\d{0,14})$/;
const MAX_AMOUNT = 1e15;

export class EmbeddedGateway implements PaymentGateway {
  readonly name = 'embedded';
  constructor(private readonly secret: Buffer) {}

  private mac(c: Omit<PaymentCallback, 'signature'>): string {
    return createHmac('sha256', this.secret).update(`pay|${c.reference}|${c.dossierId}|${c.amount}|${c.status}`).digest('base64url');
  }

  /** The MAC inside a reference, over what the payment was started for (128 bits). */
  private referenceMac(nonce: string, dossierId: string, amount: number): string {
    return createHmac('sha256', this.secret).update(`ref|${nonce}|${dossierId}|${amount}`).digest('base64url').slice(0, 22);
  }

  /**
   * Binds the dossier and the amount to the reference under the server's MAC — stateless, so any
   * process of a scale-out, or one restarted after a crash, reads the same record. The page's
   * URL carries no query: /pay/<dossier>/<reference>.
   */
  start(request: { dossierId: string; amount: number }): { reference: string; url: string } {
    if (!Number.isSafeInteger(request.amount) || request.amount < 0 || request.amount >= MAX_AMOUNT) throw new Error(`embedded gateway: the amount must be whole đồng: ${request.amount}`);
    const nonce = randomBytes(6).toString('base64url');
    const reference = `EMB-${nonce}.${this.referenceMac(nonce, request.dossierId, request.amount)}~${request.amount}`;
    return { reference, url: `/pay/${encodeURIComponent(request.dossierId)}/${reference}` };
  }

  /**
   * The payment this gateway started under `reference` for that dossier — with the amount bound
   * at start — or undefined (an invented reference, another dossier, an altered amount).
   */
  started(reference: string, dossierId: string): StartedPayment | undefined {
    const m = REFERENCE.exec(reference);
    if (!m) return undefined;
    const [, nonce, mac, amountText] = m as unknown as [string, string, string, string];
    const amount = Number(amountText);
    const expected = Buffer.from(this.referenceMac(nonce, dossierId, amount));
    const given = Buffer.from(mac);
    return expected.length === given.length && timingSafeEqual(expected, given) ? { reference, dossierId, amount } : undefined;
  }

  /**
   * What the embedded provider sends back once the citizen confirms (used by its own page): the
   * amount is the one bound to the reference at start. Signed only for a payment this gateway
   * started for that dossier; an amount given that differs from the started one (tampering) gets
   * no valid signature either, and is not recorded.
   */
  callbackFor(c: { reference: string; dossierId: string; status: PaymentCallback['status']; amount?: number }): PaymentCallback {
    const started = this.started(c.reference, c.dossierId);
    const fields = { reference: c.reference, dossierId: c.dossierId, amount: started?.amount ?? c.amount ?? 0, status: c.status };
    const agrees = started !== undefined && (c.amount === undefined || c.amount === started.amount);
    return { ...fields, signature: agrees ? this.mac(fields) : '' };
  }

  /** The signature holds, and the callback is for the dossier and amount its reference was started with. */
  verify(callback: PaymentCallback): boolean {
    const { signature, ...rest } = callback;
    const expected = Buffer.from(this.mac(rest));
    const given = Buffer.from(signature);
    if (!(expected.length === given.length && timingSafeEqual(expected, given))) return false;
    return this.started(callback.reference, callback.dossierId)?.amount === callback.amount;
  }
}
