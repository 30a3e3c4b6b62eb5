import type { ErrorOption } from '../contract/apiTypes';
import { ApiError } from '../service/errors';

/** How the command line asks for the fix an error names. */
const CLI_OPTION: Record<ErrorOption, string> = {
  'fix-classes': '--fix-classes does it',
};

/** A message in the command line's words: the fix it names, with the flag that does it. */
export function cliMessage(text: string, option?: ErrorOption): string {
  return option ? `${text} (${CLI_OPTION[option]})` : text;
}

/** An error's message in the command line's words. */
export const cliErrorMessage = (error: Error): string => cliMessage(error.message, error instanceof ApiError ? error.option : undefined);
