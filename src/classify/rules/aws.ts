// PLACEHOLDER rule pack 'aws': being written now; it reports nothing yet.
import { defineRule } from "../rule.js";

export default defineRule({
  name: "aws",
  description: "placeholder",
  programs: [],
  findings: {},
  check() {},
});
