// expect: none
// A settings page saves with a 5 ms timer and refreshes the "saved" badge
// with another 5 ms timer set right after it in the same segment: timers with
// equal delays run in the order they were set, so the badge always sees the
// save.
const settings = { theme: 'light', savedTheme: 'light' };
const badge = { text: '' };

function onThemePicked(theme) {
  settings.theme = theme;
  setTimeout(() => {
    settings.savedTheme = settings.theme;
  }, 5);
  setTimeout(() => {
    badge.text = settings.savedTheme === settings.theme ? 'saved' : 'saving…';
    console.log('badge', badge.text);
  }, 5);
}

onThemePicked('dark');
