// Sends messages with ali-ons (the real RocketMQ 4.x JavaScript client) and prints one JSON line per
// acknowledged message: {"n":…, "msgId":…, "queueId":…, "queueOffset":…, "tag":…, "key":…}. A send that fails
// is retried (as a producer application would) until --deadline; the last line is {"done":true,"acked":N}.
// Usage: node produce.js <nameSrv> <topic> <count> [firstNumber] [deadlineSeconds]
'use strict';
const { Producer, Message } = require('ali-ons');

async function main() {
  const [nameSrv, topic, countText, firstText, deadlineText] = process.argv.slice(2);
  const count = Number(countText);
  const first = Number(firstText || 0);
  const deadline = Date.now() + 1000 * Number(deadlineText || 120);
  const producer = new Producer({ nameSrv, httpclient: {}, producerGroup: 'PID_INTEROP' });
  producer.on('error', () => {});
  await producer.ready();
  let acked = 0;
  for (let n = first; n < first + count; n++) {
    const tag = 'Tag' + (n % 3);
    const key = 'key-' + n;
    const message = new Message(topic, tag, Buffer.from('body-' + n));
    message.keys = [key];
    for (;;) {
      try {
        const result = await producer.send(message);
        if (result.sendStatus === 'SEND_OK') {
          const queue = result.messageQueue || {};
          console.log(JSON.stringify({ n, msgId: result.msgId, queueId: queue.queueId,
            queueOffset: Number(result.queueOffset), tag, key }));
          acked++;
          break;
        }
      } catch (err) {
        if (Date.now() > deadline) {
          console.error('giving up on ' + key + ': ' + err.message);
          process.exit(2);
        }
        await new Promise(resolve => setTimeout(resolve, 200));
      }
    }
  }

  console.log(JSON.stringify({ done: true, acked }));
  await producer.close();
  process.exit(0);
}

main().catch(err => { console.error(err); process.exit(1); });
