import { initBackend } from '../../backend/select';

/**
 * Makes the wasm backend, the TF.js engine's own in Node, the one in use: a model and its re-import compared on it
 * give the same numbers as on the cpu backend at a fraction of its time. Throws where wasm does not start
 * (`initBackend` would fall back to cpu).
 */
export async function useWasmBackend(): Promise<void> {
  const choice = await initBackend('wasm');
  if (choice.name !== 'wasm') throw new Error(`the wasm backend did not start: ${JSON.stringify(choice.tried)}`);
}
