// PLACEHOLDER rule pack 'remote': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "remote",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
