import type { Clock } from "./clock.js";
import type { DynamicOptions, Resolver } from "./dynamic.js";
import type { HttpMockServer, HttpRequest } from "./mocks.js";
import type { ZisStore } from "./stores.js";
import type { TraceEntry } from "./trace.js";

/** A credential ZIS would add to requests of actions naming this connection (reference §8.1). */
export type Connection =
  | {
      readonly type: "oauth" | "bearer_token";
      readonly token: string;
      /** The host the credential may be sent to, subdomains included. @default any host */
      readonly allowed_domain?: string | undefined;
    }
  | {
      readonly type: "api_key";
      readonly header_name: string;
      readonly api_key: string;
      /** The host the credential may be sent to, subdomains included. @default any host */
      readonly allowed_domain?: string | undefined;
    }
  | {
      readonly type: "basic_auth";
      readonly username: string;
      readonly password: string;
      /** The host the credential may be sent to, subdomains included. @default any host */
      readonly allowed_domain?: string | undefined;
    };

/** A custom action of the bundle, compiled. */
export interface PreparedHttpAction {
  readonly name: string;
  /** Resolves the definition against the caller's Parameters. */
  readonly definition: Resolver;
}

/** What every state of one run shares. */
export interface RunContext {
  readonly actions: ReadonlyMap<string, PreparedHttpAction>;
  readonly subdomain: string;
  readonly zendeskBaseUrl: string;
  readonly connections: Readonly<Record<string, Connection>>;
  readonly clock: Clock;
  readonly store: ZisStore;
  readonly http: HttpMockServer;
  readonly dynamicOptions: DynamicOptions;
  readonly maxTransitions: number;
  readonly maxPayloadBytes: number;
  readonly requests: HttpRequest[];
  readonly trace: TraceEntry[];
  readonly visited: string[];
  transitions: number;
}
