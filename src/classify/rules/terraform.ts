// PLACEHOLDER rule pack 'terraform': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "terraform",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
