// Consumes with an ali-ons push consumer and prints one JSON line per delivery:
// {"msgId":…, "topic":…, "tags":…, "keys":…, "body":…, "reconsumeTimes":…, "queueId":…}.
// --fail makes every delivery of the original topic fail, so ali-ons sends it back for a retry (and, after
// maxReconsumeTimes, the broker moves it to %DLQ%group). Runs until it has seen <expected> distinct keys (or
// deliveries with --fail), the deadline passes or the file named by --stop-file appears (the test creates it once
// the consumers of a group have seen everything between them); prints {"done":true,…} last.
// Usage: node consume.js <nameSrv> <topic> <group> <expected> [deadlineSeconds] [--fail] [--stop-file path]
//        [maxReconsumeTimes]
'use strict';
const fs = require('fs');
const { Consumer } = require('ali-ons');

async function main() {
  const args = process.argv.slice(2);
  const fail = args.includes('--fail');
  const stopAt = args.indexOf('--stop-file');
  const stopFile = stopAt >= 0 ? args[stopAt + 1] : null;
  const positional = args.filter((a, i) => a !== '--fail' && (stopAt < 0 || (i !== stopAt && i !== stopAt + 1)));
  const [nameSrv, topic, group, expectedText, deadlineText, maxText] = positional;
  const expected = Number(expectedText);
  const deadline = 1000 * Number(deadlineText || 120);
  const consumer = new Consumer({
    nameSrv, httpclient: {}, consumerGroup: group, consumeFromWhere: 'CONSUME_FROM_FIRST_OFFSET',
    maxReconsumeTimes: Number(maxText || 16), rebalanceInterval: 2000,
  });
  consumer.on('error', () => {});
  const seen = new Set();
  let deliveries = 0;
  let finish;
  const finished = new Promise(resolve => { finish = resolve; });
  consumer.subscribe(topic, '*', async msg => {
    deliveries++;
    const keys = msg.keys || '';
    console.log(JSON.stringify({ msgId: msg.msgId, topic: msg.topic, tags: msg.tags, keys,
      body: msg.body.toString().slice(0, 64), reconsumeTimes: msg.reconsumeTimes, queueId: msg.queueId }));
    seen.add(keys);
    if ((fail ? deliveries : seen.size) >= expected) {
      finish();
    }
    if (fail) {
      throw new Error('failing on purpose');
    }
  });
  await consumer.ready();
  const timer = setTimeout(finish, deadline);
  const watcher = stopFile ? setInterval(() => { if (fs.existsSync(stopFile)) finish(); }, 100) : null;
  await finished;
  clearTimeout(timer);
  if (watcher) clearInterval(watcher);
  console.log(JSON.stringify({ done: true, distinct: seen.size, deliveries }));
  await consumer.close();
  process.exit(0);
}

main().catch(err => { console.error(err); process.exit(1); });
