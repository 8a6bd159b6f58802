// Registers the scenario language in prism-code-editor: its grammar (colouring) with a
// line-cached tokenizer (a keystroke re-tokenizes one line, not the whole script), its comment
// token, and its completion source, fed with the engine's words once the worker sends them.

import { languageMap } from 'prism-code-editor';
import { registerCompletions } from 'prism-code-editor/autocomplete';
import { languages, tokenize } from 'prism-code-editor/prism';
import { DEFAULT_VOCABULARY, scriptCompletions } from '../../playground/completions.ts';
import { LANGUAGE, LINE_COMMENT, SCENARIO_GRAMMAR } from '../../playground/grammar.ts';
import type { Vocabulary } from '../../playground/protocol.ts';
import { lineCachedTokenizer } from '../../playground/tokenize.ts';

export { LANGUAGE };

languages[LANGUAGE] = { ...SCENARIO_GRAMMAR, [tokenize]: lineCachedTokenizer() };
languageMap[LANGUAGE] = { comments: { line: LINE_COMMENT } };

let vocabulary: Vocabulary = DEFAULT_VOCABULARY;

/** The engine's words, once the worker has sent them. */
export function setVocabulary(v: Vocabulary): void {
  vocabulary = v;
}

registerCompletions([LANGUAGE], { sources: [(context, editor) => scriptCompletions(context, () => editor.value, vocabulary)] });
