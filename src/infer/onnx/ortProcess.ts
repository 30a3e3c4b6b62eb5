// Entry of the ONNX Runtime process (bundled as dist/node/ortProcess.mjs): runs our ONNX export of a run
// in onnxruntime-node and nothing else. Images are decoded elsewhere: sharp decoding and onnxruntime-node
// inference interleaved in one process crashed with SIGSEGV (runaway recursion in libonnxruntime) after
// 700–1,000 images on a 2-core AVX2 VM, while each alone ran 1,500 fine.
import * as ort from 'onnxruntime-node';
import { channelsFirst, fromOrtProcess, toOrtProcess, type FromOrtProcess, type ToOrtProcess } from './messages';

let session: ort.InferenceSession | null = null;

const send = (message: FromOrtProcess) => process.send?.(fromOrtProcess.parse(message));

async function handle(message: ToOrtProcess): Promise<FromOrtProcess> {
  if (message.type === 'open') {
    await session?.release();
    session = await ort.InferenceSession.create(message.model, {
      graphOptimizationLevel: 'all',
      executionMode: 'sequential',
      ...(message.threads > 0 && { intraOpNumThreads: message.threads }),
      // Threads that spin while waiting for work took the cores from the decoders and from each other: measured
      // with googlenet-96 on a busy 2-core VM, 27 images/s spinning, 42 without.
      extra: { session: { intra_op: { allow_spinning: '0' } } },
    });
    return { type: 'opened', id: message.id, input: session.inputNames[0], output: session.outputNames[0] };
  }
  if (!session) throw new Error('a batch arrived before a model was opened');
  const [n, h, w, c] = message.shape;
  if (message.input.length !== n * h * w * c) {
    throw new Error(`expected ${n}·${h}·${w}·${c} = ${n * h * w * c} floats for a ${message.shape.join('×')} batch, found ${message.input.length}`);
  }
  const feeds = { [session.inputNames[0]]: new ort.Tensor('float32', channelsFirst(message.input, message.shape), [n, c, h, w]) };
  const results = await session.run(feeds);
  const output = results[session.outputNames[0]];
  return { type: 'output', id: message.id, output: Float32Array.from(output.data as Float32Array) };
}

// One request at a time, in arrival order.
let queue: Promise<void> = Promise.resolve();
process.on('message', (raw) => {
  const parsed = toOrtProcess.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const id = typeof (raw as { id?: unknown })?.id === 'number' ? (raw as { id: number }).id : -1;
    send({ type: 'error', id, message: `the ONNX Runtime process got a message outside its schema: ${issue?.path.join('.') || '(root)'}: ${issue?.message}` });
    return;
  }
  const message = parsed.data;
  queue = queue.then(() =>
    handle(message).then(
      (answer) => void send(answer),
      (error: Error) => void send({ type: 'error', id: message.id, message: error.message }),
    ),
  );
});
process.on('disconnect', () => process.exit(0));
