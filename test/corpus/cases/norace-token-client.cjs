// expect: none
// CommonJS API client that refreshes its access token when it has expired. The
// first caller stores the refresh promise in the same synchronous step as the
// expiry check; everyone awaits that one refresh before reading the token.
const { setTimeout: sleep } = require('node:timers/promises');

class ApiClient {
  constructor() {
    this.accessToken = null;
    this.expiresAt = 0;
    this.refreshing = null;
    this.logins = 0;
  }

  async login() {
    const n = ++this.logins;
    await sleep(2);
    return { token: `tok-${n}`, ttl: 60000 };
  }

  async refresh() {
    const grant = await this.login();
    this.accessToken = grant.token;
    this.expiresAt = Date.now() + grant.ttl;
    this.refreshing = null;
  }

  async authHeader() {
    if (this.expiresAt <= Date.now()) {
      if (this.refreshing === null) this.refreshing = this.refresh();
      await this.refreshing;
    }
    return `Bearer ${this.accessToken}`;
  }

  async get(path) {
    const header = await this.authHeader();
    return `GET ${path} (${header})`;
  }
}

async function main() {
  const client = new ApiClient();
  const lines = await Promise.all([client.get('/me'), client.get('/orders'), client.get('/cart')]);
  lines.push(await client.get('/profile'));
  console.log(lines.join('\n'));
  console.log('logins', client.logins);
}

main();
