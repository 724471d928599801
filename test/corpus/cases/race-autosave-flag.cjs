// expect: race
// CommonJS editor autosave with a "saving" flag that is tested before an
// await and set only after it: two saves triggered together both pass the
// test, both write the draft, and each clears the flag under the other.
const { setTimeout: sleep } = require('node:timers/promises');

class Editor {
  constructor() {
    this.text = '';
    this.saving = false;
    this.writes = 0;
  }

  async serialize() {
    await sleep(1);
    return JSON.stringify({ text: this.text });
  }

  async autosave() {
    if (this.saving) return false; // race
    const draft = await this.serialize();
    this.saving = true; // race
    try {
      await sleep(draft.length % 3 + 2); // write the draft file
      this.writes++;
      return true;
    } finally {
      this.saving = false; // race
    }
  }
}

async function main() {
  const editor = new Editor();
  editor.text = 'hello world';
  const results = await Promise.all([editor.autosave(), editor.autosave()]);
  console.log('autosaves', results.length);
}

main();
