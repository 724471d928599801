// expect: none
// CommonJS editor autosave with a "saving" flag that is tested and set in one
// synchronous step and cleared when the save ends: a second trigger, or one
// from a keystroke timer during the save, sees the flag and skips.
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
    if (this.saving) return false;
    this.saving = true;
    try {
      const draft = await this.serialize();
      await sleep(draft.length % 3 + 10); // write the draft file
      this.writes++;
      return true;
    } finally {
      this.saving = false;
    }
  }
}

async function main() {
  const editor = new Editor();
  editor.text = 'hello world';
  const keystroke = new Promise((resolve) => setTimeout(() => resolve(editor.autosave()), 2));
  const results = await Promise.all([editor.autosave(), editor.autosave(), keystroke]);
  console.log('autosaves', results.join(','), 'writes', editor.writes);
}

main();
