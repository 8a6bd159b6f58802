// How a state question's choices read (src/quiz/state.ts): apart from the engine, so the quiz
// page's renderer (src/ui/quiz/questions/state.ts) takes the words without the engine.

/** How a choice reads (the rest read as themselves: LISTEN, SYN_SENT...). */
export const STATE_CHOICE_WORDS: Readonly<Record<string, string>> = {
  CLOSED: 'CLOSED (no socket)',
  NONE: 'no TCP or UDP socket',
  UNCONN: 'UNCONN (UDP, no peer)',
  none: 'no entry',
  entry: 'an entry',
  client: 'the client',
  server: 'the server',
  both: 'both ends',
  neither: 'neither end',
};

export const stateChoiceWords = (choice: string): string => STATE_CHOICE_WORDS[choice] ?? choice;
