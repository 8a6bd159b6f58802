// The quiz pages' engine methods (prepare, grade, new variant): filled by the quiz work.

export const quizHandlers = {};
