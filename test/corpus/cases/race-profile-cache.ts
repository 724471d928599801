// expect: race
// stdout: avatars 3
// A TypeScript profile service caches loaded profiles in a plain record. It
// looks the id up, awaits the user API, and then stores the result, so
// concurrent lookups of one id all call the API and overwrite each other.
import { setTimeout as sleep } from 'node:timers/promises';

interface Profile {
  id: string;
  name: string;
  avatar: string;
}

class ProfileService {
  private readonly cache: Record<string, Profile> = {};
  apiCalls = 0;

  private async fetchProfile(id: string): Promise<Profile> {
    this.apiCalls++;
    await sleep(2);
    return { id, name: id.toUpperCase(), avatar: `/img/${id}.png` };
  }

  async get(id: string): Promise<Profile> {
    const cached: Profile | undefined = this.cache[id]; // race
    if (cached) return cached;
    const profile: Profile = await this.fetchProfile(id);
    this.cache[id] = profile; // race
    return profile;
  }
}

const service = new ProfileService();
const avatars: string[] = await Promise.all(['ann', 'ann', 'bob'].map(async (id) => (await service.get(id)).avatar));
console.log('avatars', avatars.length);
