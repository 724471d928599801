// expect: none
// A game server re-sorts its leaderboard after each save, and the request
// handler that reads the top entry awaits that save first. Players joining
// concurrently each push their own entry and read it back by the index push
// gave them: nothing moves entries while they wait.
import { setTimeout as sleep } from 'node:timers/promises';

const board = [
  { name: 'ann', score: 10 },
  { name: 'bob', score: 30 },
];

async function save(entry) {
  await sleep(2);
  entry.score += 5;
  board.sort((a, b) => b.score - a.score);
}

async function leader() {
  await save(board[1]);
  return board[0].name;
}

const joined = [];
async function join(name) {
  const at = joined.push({ name, score: 0 }) - 1;
  await sleep(1);
  return joined[at].name;
}

const [top, c, d] = await Promise.all([leader(), join('cid'), join('dan')]);
console.log('leader', top, 'joined', c, d);
