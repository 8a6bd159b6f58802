// extensions/libxt_comment.c: --comment TEXT, kept in a 256-byte buffer.

import { type ExtensionDef, XTOPT_MAND, parseString } from './xtoptions.ts';

export interface CommentData {
  readonly ext: 'comment';
  text: string;
}

export const COMMENT: ExtensionDef<CommentData> = {
  name: 'comment',
  x6: true,
  options: [{ name: 'comment', id: 0, hasArg: 1, flags: XTOPT_MAND }],
  create: () => ({ ext: 'comment', text: '' }),
  parse(data, _option, arg) {
    data.text = parseString(arg, 0, 256);
  },
};
