// expect: race
// A settings page debounces saving with a 5 ms timer and refreshes the
// "saved" badge with a 4 ms timer set in the same segment. Timers with
// different delays are not ordered, so whether the badge sees the save
// depends on timing.
const settings = { theme: 'light', savedTheme: 'light' };
const badge = { text: '' };

function onThemePicked(theme) {
  settings.theme = theme;
  setTimeout(() => {
    settings.savedTheme = settings.theme; // race
  }, 5);
  setTimeout(() => {
    badge.text = settings.savedTheme === settings.theme ? 'saved' : 'saving…'; // race
    console.log('badge refreshed');
  }, 4);
}

onThemePicked('dark');
