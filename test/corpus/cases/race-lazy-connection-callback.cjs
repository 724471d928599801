// expect: race
// A callback-style connection getter: if there is no connection yet it resolves the database host
// and, in the lookup's callback, creates the connection and keeps it. Two queries arriving together
// both find none, both connect, and the second connection replaces the first.
const dns = require('dns');

let connection = null;
let opened = 0;

function getConnection(cb) {
  if (connection !== null) return cb(null, connection); // race
  dns.lookup('localhost', (err, address) => {
    if (err) return cb(err);
    opened++;
    connection = { address, id: opened }; // race
    cb(null, connection);
  });
}

let left = 2;
const query = (err, conn) => {
  if (err) throw err;
  if (--left === 0) console.log('connections opened', opened > 0, conn !== null);
};
getConnection(query);
getConnection(query);
