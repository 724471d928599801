// expect: none
// stdout: avatars /img/ann.png,/img/ann.png,/img/bob.png api calls 2
// A TypeScript profile service memoises the pending promise in a plain record:
// the check and the store happen in one synchronous step, so concurrent
// lookups of one id share one API call.
import { setTimeout as sleep } from 'node:timers/promises';

interface Profile {
  id: string;
  name: string;
  avatar: string;
}

class ProfileService {
  private readonly cache: Record<string, Promise<Profile>> = {};
  apiCalls = 0;

  private async fetchProfile(id: string): Promise<Profile> {
    this.apiCalls++;
    await sleep(2);
    return { id, name: id.toUpperCase(), avatar: `/img/${id}.png` };
  }

  get(id: string): Promise<Profile> {
    let pending: Promise<Profile> | undefined = this.cache[id];
    if (!pending) {
      pending = this.fetchProfile(id);
      this.cache[id] = pending;
    }
    return pending;
  }
}

const service = new ProfileService();
const avatars: string[] = await Promise.all(['ann', 'ann', 'bob'].map(async (id) => (await service.get(id)).avatar));
console.log('avatars', avatars.join(','), 'api calls', service.apiCalls);
