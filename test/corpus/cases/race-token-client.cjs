// expect: race
// CommonJS API client that refreshes its access token when it has expired. The
// expiry is checked, the login is awaited, and only then is the new expiry
// stored, so requests that start together all log in again.
const { setTimeout: sleep } = require('node:timers/promises');

class ApiClient {
  constructor() {
    this.accessToken = null;
    this.expiresAt = 0;
    this.logins = 0;
  }

  async login() {
    const n = ++this.logins;
    await sleep(2);
    return { token: `tok-${n}`, ttl: 60000 };
  }

  async authHeader() {
    if (this.expiresAt <= Date.now()) { // race
      const grant = await this.login();
      this.accessToken = grant.token;
      this.expiresAt = Date.now() + grant.ttl; // race
      return `Bearer ${grant.token}`;
    }
    return `Bearer ${this.accessToken}`;
  }

  async get(path) {
    const header = await this.authHeader();
    return `GET ${path} (${header.length > 7 ? 'authorized' : 'anonymous'})`;
  }
}

const client = new ApiClient();
Promise.all([client.get('/me'), client.get('/orders'), client.get('/cart')]).then((lines) => {
  console.log(lines.join('\n'));
});
