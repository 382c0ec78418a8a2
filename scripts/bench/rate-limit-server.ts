import 'reflect-metadata';

/**
 * The hub for the rate-limit benchmark, in its own process (forked by rate-limit.ts, possibly from a copy of an
 * older commit: it only uses createApp and loadConfig, which every version has). RATE_LIMIT_PER_MINUTE comes from
 * the parent. Answers `cpu` with process.cpuUsage() (user + system microseconds) over IPC, `stop` by stopping.
 */
const { createApp } = await import('../../src/app.js');
const { loadConfig } = await import('../../src/config.js');
const app = await createApp(loadConfig({ ...process.env, PORT: '0', NODE_ENV: 'production', LOG_LEVEL: 'warn', SEED_ON_START: 'false' }));
const url = await app.listen();

process.on('message', async (message: { type: string }) => {
  if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    process.send!({ type: 'cpu', micros: user + system });
  } else if (message.type === 'stop') {
    await app.stop();
    process.exit(0);
  }
});
process.send!({ type: 'ready', url });
