import { z } from "zod";

export const ERROR_EQUALS_ALL = "States.ALL";

/** A Catch entry (reference §3.10). Only `States.ALL` is a valid error name in ZIS. */
export const CatcherSchema = z.strictObject({
  ErrorEquals: z.array(z.string()),
  Next: z.string(),
  ResultPath: z.string().optional(),
  Comment: z.string().optional(),
});
export type Catcher = z.infer<typeof CatcherSchema>;

/** A Retry entry (reference §3.11). */
export const RetrierSchema = z.strictObject({
  ErrorEquals: z.array(z.string()),
  IntervalSeconds: z.number().int().positive().optional(),
  BackoffRate: z.number().positive().optional(),
  MaxAttempts: z.number().int().nonnegative().optional(),
  Comment: z.string().optional(),
});
export type Retrier = z.infer<typeof RetrierSchema>;

/** Fields every state may carry. */
export const commonFields = {
  Comment: z.string().optional(),
};

/** Fields of states that continue to another state (everything but Choice, Succeed and Fail). */
export const transitionFields = {
  Next: z.string().optional(),
  End: z.boolean().optional(),
};
