import type { ErrorOption } from '../../src/service/api';
import { ApiError } from '../api/client';

/** Where in the app the fix an error names is found. */
const APP_OPTION: Record<ErrorOption, string> = {
  'fix-classes': 'once the folder is chosen again on Dataset, the button under Design on the Train screen does it',
};

const isErrorOption = (option: string | undefined): option is ErrorOption => option !== undefined && Object.hasOwn(APP_OPTION, option);

/** An error's message in the app's words: the fix it names, with where the app does it. */
export function appErrorMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const option = error instanceof ApiError ? error.option : undefined;
  return isErrorOption(option) ? `${error.message}; ${APP_OPTION[option]}` : error.message;
}
