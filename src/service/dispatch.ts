import { API_ARGS, API_METHODS, isApiMethod } from '../contract/api';
import type { InceptionApi } from './api';
import { ApiError, ERROR_CODES } from './errors';

export type DispatchResult = { ok: true; result: unknown } | { ok: false; error: { message: string; code: string; option?: string } };

/** Validates a call that arrived from outside and runs it; never throws. */
export async function dispatch(api: InceptionApi, method: unknown, args: unknown): Promise<DispatchResult> {
  try {
    if (!isApiMethod(method)) {
      throw new ApiError(ERROR_CODES.BAD_REQUEST, `unknown method ${JSON.stringify(String(method).slice(0, 40))}; methods: ${API_METHODS.join(', ')}`);
    }
    const parsed = API_ARGS[method].safeParse(args);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ApiError(ERROR_CODES.BAD_REQUEST, `${method}: bad arguments at [${issue.path.join('.')}]: ${issue.message}`);
    }
    const fn = api[method] as (...a: unknown[]) => Promise<unknown>;
    return { ok: true, result: await fn(...parsed.data) };
  } catch (error) {
    if (error instanceof ApiError) return { ok: false, error: { code: error.code, message: error.message, ...(error.option && { option: error.option }) } };
    return { ok: false, error: { code: ERROR_CODES.INTERNAL, message: `internal error: ${(error as Error)?.message ?? String(error)}` } };
  }
}
