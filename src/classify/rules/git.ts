// PLACEHOLDER rule pack 'git': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "git",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
