// PLACEHOLDER rule pack 'filesystem': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "filesystem",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
