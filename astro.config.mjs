// @ts-check
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';

export default defineConfig({
  // Lesson URLs end with a slash: /lessons/bridges/two-bridges/.
  trailingSlash: 'ignore',
  integrations: [mdx()],
  markdown: {
    // Code blocks: a light and a dark theme, switched by prefers-color-scheme (src/styles/global.css);
    // both have readable comment colors (axe color-contrast).
    shikiConfig: { themes: { light: 'github-light-default', dark: 'github-dark-default' } },
  },
});
