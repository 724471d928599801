// expect: none
// The callback-style connection getter of race-lazy-connection-callback.cjs, done right: the first
// caller marks the connection as being opened in the same step as its check, later callers queue
// their callbacks, and the lookup's callback hands the one connection to all of them.
const dns = require('dns');

let connection = null;
let waiting = null;
let opened = 0;

function getConnection(cb) {
  if (connection !== null) return cb(null, connection);
  if (waiting !== null) {
    waiting.push(cb);
    return;
  }
  waiting = [cb];
  dns.lookup('localhost', (err, address) => {
    const callbacks = waiting;
    waiting = null;
    if (!err) {
      opened++;
      connection = { address, id: opened };
    }
    for (const f of callbacks) f(err, connection);
  });
}

let left = 2;
const query = (err, conn) => {
  if (err) throw err;
  if (--left === 0) console.log('connections opened', opened, conn !== null);
};
getConnection(query);
getConnection(query);
