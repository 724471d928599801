// expect: none
// A config loader reads its file and, in the read's callback, schedules the parse with setImmediate and
// a status check with setTimeout(0). Inside an I/O callback the immediate always runs first: the loop
// goes on from the poll phase to the check phase (immediates) before it comes back to its timers.
import fs from 'node:fs';

const config = { state: 'reading', keys: 0 };
fs.readFile(new URL(import.meta.url), 'utf8', (err, text) => {
  setTimeout(() => {
    console.log('status', config.state, config.keys > 0);
  }, 0);
  setImmediate(() => {
    config.keys = text.split('\n').length;
    config.state = 'parsed';
  });
});
