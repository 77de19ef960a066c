// PLACEHOLDER rule pack 'iac': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "iac",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
