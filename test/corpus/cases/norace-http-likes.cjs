// expect: none
// CommonJS blog server on 127.0.0.1. POST /like reads the post's like count,
// awaits the database write-through, and stores count + 1; the client sends
// each like only after the previous response arrived, then reads the count.
const http = require('node:http');
const { setTimeout: sleep } = require('node:timers/promises');

const posts = new Map([['hello-world', { title: 'Hello', likes: 0 }]]);

const server = http.createServer(async (req, res) => {
  const post = posts.get(req.url.slice(1));
  if (req.method === 'POST') {
    const likes = post.likes;
    await sleep(3); // write-through to the database
    post.likes = likes + 1;
    res.end('liked');
    return;
  }
  res.end(String(post.likes));
});

async function main() {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/hello-world`;
  const like = () => fetch(url, { method: 'POST' }).then((r) => r.text());
  const answers = [await like(), await like(), await like()];
  const count = await fetch(url).then((r) => r.text());
  await new Promise((resolve) => server.close(resolve));
  console.log('answers', answers.join(','), 'likes', count);
}

main();
