// What route modules share: the runtime, sign-in, payments.
import type { LoginThrottle, SampleIdentityProvider, IdentityProvider } from './auth/identity.ts';
import type { EmbeddedGateway, PaymentGateway } from './payments/gateway.ts';
import type { Runtime } from './runtime/runtime.ts';

export interface ServerContext {
  readonly runtime: Runtime;
  readonly identity: IdentityProvider;
  /** The sample users, listed on the login page of the default set-up. */
  readonly sampleUsers?: SampleIdentityProvider;
  readonly throttle: LoginThrottle;
  readonly gateway: PaymentGateway & Partial<Pick<EmbeddedGateway, 'callbackFor' | 'started'>>;
  /** Session length in seconds. */
  readonly tokenTtl: number;
}
