// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

export default defineConfig({
  // Lesson URLs end with a slash: /lessons/bridges/two-bridges/.
  trailingSlash: 'ignore',
  integrations: [mdx()],
  // Small modules the quiz pages always load together (the DOM helpers, the page's embedded data,
  // the shared answer widgets): one file rather than three keeps a quiz page's
  // JavaScript under its 40 KiB, since a small file compresses worse alone.
  vite: {
    build: {
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              { name: 'quiz-widgets', test: /src[\\/]ui[\\/]quiz[\\/](dom|page-data|questions[\\/]common)\.ts$/ },
            ],
          },
        },
      },
    },
  },
  markdown: {
    // Code blocks: a light and a dark theme, switched by prefers-color-scheme (src/styles/global.css);
    // both have readable comment colors (axe color-contrast).
    shikiConfig: { themes: { light: 'github-light-default', dark: 'github-dark-default' } },
  },
});
