// Announces a message to screen readers through the page's polite live region (lesson islands,
// quizzes and the playground share it).

export function announce(text: string): void {
  let region = document.getElementById('pp-announcer');
  if (!region) {
    region = document.createElement('div');
    region.id = 'pp-announcer';
    region.setAttribute('aria-live', 'polite');
    region.className = 'visually-hidden';
    document.body.append(region);
  }
  region.textContent = '';
  // A new text node in a later task makes screen readers announce repeated messages too.
  setTimeout(() => {
    region.textContent = text;
  }, 30);
}
