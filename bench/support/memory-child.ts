import { startBenchApp } from './bench-app.js';

/**
 * Run by bench/memory.ts in its own process (`node --expose-gc`, compiled or under tsx), so nothing else's heap counts:
 * starts the whole bot, collects garbage and reads RSS (just started), waits `IDLE_MS` without requests and reads
 * it again (idle), then starts `CONVERSATIONS` intake conversations (a new person each, first message: the bot
 * answers with its first question and keeps the draft) through `IntakeEngine.handle`, collects again and reads
 * RSS and heap, right after and once more after `IDLE_MS`. Prints one JSON line.
 *
 * Why wait: V8 keeps the young generation it grew while busy (up to 3 × 16 MB per thread) until its memory
 * reducer sees a few seconds without allocation and gives it back; a bot between two messages is in that state,
 * a bot that has just answered thousands is not. Both are reported.
 */
const CONVERSATIONS = Number(process.env.BENCH_CONVERSATIONS ?? 10_000);
const IDLE_MS = Number(process.env.BENCH_IDLE_MS ?? 20_000);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const settle = async () => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 50));
  }
};

const bench = await startBenchApp();
try {
  await settle();
  const started = process.memoryUsage();
  await new Promise((r) => setTimeout(r, IDLE_MS));
  await settle();
  const idle = process.memoryUsage();
  const { intake } = bench.app.services;
  let peak = idle.rss;
  for (let i = 0; i < CONVERSATIONS; i++) {
    const reply = await intake.handle({
      conversationKey: `teams:a:personal-29:mem-${i}:aad-mem-${i}`,
      person: { id: `teams:29:mem-${i}`, name: `Person ${i}`, email: `person${i}@example.dk` },
      platform: 'teams',
      locale: 'en-US',
      text: 'The Wi-Fi in building 1485 keeps dropping',
    });
    if (reply.state !== 'active') throw new Error(`conversation ${i} is ${reply.state}, not active`);
    if (i % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const before = process.memoryUsage().rss;
  await settle();
  const busy = process.memoryUsage();
  await new Promise((r) => setTimeout(r, IDLE_MS));
  await settle();
  const active = process.memoryUsage();
  const kept = await bench.app.services.store.listConversations(10_000);
  if (kept.length < Math.min(CONVERSATIONS, 10_000)) throw new Error(`only ${kept.length} conversations stored`);
  console.log(
    JSON.stringify({
      startedRss: started.rss,
      idleRss: idle.rss,
      busyRss: busy.rss,
      idleHeap: idle.heapUsed,
      activeRss: active.rss,
      activeHeap: active.heapUsed,
      peakRss: Math.max(peak, before),
      conversations: CONVERSATIONS,
      stored: kept.length,
    }),
  );
} finally {
  await bench.close();
}
