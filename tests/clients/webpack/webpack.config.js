// Nothing Codeglass-specific: webpack 5 finds the engine's .wasm and the element's stylesheet
// through their `new URL(..., import.meta.url)` and emits them as assets; the tables are copied
// by `codeglass-tables` after the build (package.json).
import HtmlWebpackPlugin from 'html-webpack-plugin';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

export default {
  entry: './src/main.js',
  output: { path: resolve(here, 'dist'), filename: '[name].[contenthash].js', clean: true },
  plugins: [new HtmlWebpackPlugin({ template: './src/index.html', favicon: './src/icon.svg' })],
  performance: { hints: false }, // the engine is 1.5 MB by design
};
