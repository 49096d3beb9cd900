// Validates stylesheets against the CSS specifications, offline, with css-tree's lexer (its syntax
// data comes from MDN's): every at-rule, prelude, property and value. css-tree lacks CSS Paged Media's
// page-margin boxes (@bottom-left and the rest, https://www.w3.org/TR/css-page-3/#margin-boxes) and
// treats @page's page-context properties (margin) as unknown descriptors: both are added here, as the
// spec defines them. Prints one line per error, "file:line:column: message"; exits 1 if any.
//   node validate-css.mjs FILE.css ...     (or "-" to read one stylesheet from standard input)
import { readFileSync } from "node:fs";
import { fork, walk, property as propertyName } from "css-tree";

const MARGIN_BOXES = [
  "top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
  "bottom-left-corner", "bottom-left", "bottom-center", "bottom-right", "bottom-right-corner",
  "left-top", "left-middle", "left-bottom", "right-top", "right-middle", "right-bottom",
];
const PAGE_CONTEXT = new Set(["page", ...MARGIN_BOXES]);
const syntax = fork({ atrules: Object.fromEntries(MARGIN_BOXES.map((name) => [name, { prelude: null, descriptors: null }])) });
const { lexer } = syntax;

const isSyntaxError = (error) =>
  error && ["SyntaxError", "SyntaxMatchError", "SyntaxReferenceError"].includes(error.name) ? error : null;

function check(css, file) {
  const errors = [];
  const report = (node, message) => {
    const start = node && node.loc ? node.loc.start : { line: 0, column: 0 };
    errors.push(`${file}:${start.line}:${start.column}: ${message}`);
  };
  const ast = syntax.parse(css, {
    filename: file, positions: true, parseAtrulePrelude: false, parseRulePrelude: false, parseValue: false,
    parseCustomProperty: false, onParseError: (error) => errors.push(`${file}:${error.line}:${error.column}: ${error.message}`),
  });
  const declaration = (node, atrule) => {
    if (propertyName(node.property).custom) return;
    let error = null;
    // In @page and its margin boxes, a name @page does not define as a descriptor is a page-context property.
    const descriptor = atrule && lexer.getAtrule(atrule) && (lexer.getAtrule(atrule).descriptors || {})[node.property];
    if (descriptor) error = lexer.matchAtruleDescriptor(atrule, node.property, node.value).error;
    else if (atrule && !PAGE_CONTEXT.has(atrule)) error = lexer.checkAtruleDescriptorName(atrule, node.property);
    else error = lexer.checkPropertyName(node.property) || lexer.matchProperty(node.property, node.value).error;
    if (isSyntaxError(error)) report(node, `${node.property}: ${error.message.split("\n")[0]}`);
  };
  walk(ast, {
    enter(node) {
      if (node.type === "Atrule") {
        const error = isSyntaxError(lexer.checkAtruleName(node.name))
          || isSyntaxError(lexer.checkAtrulePrelude(node.name, node.prelude))
          || isSyntaxError(node.prelude ? lexer.matchAtrulePrelude(node.name, node.prelude).error : null);
        if (error) report(node, `@${node.name}: ${error.message.split("\n")[0]}`);
      } else if (node.type === "Declaration") {
        const atrule = this.atrule && !this.rule ? this.atrule.name : null;
        declaration(node, atrule);
      }
    },
  });
  return errors;
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const errors = check(readFileSync(file === "-" ? 0 : file, "utf8"), file === "-" ? "<stdin>" : file);
  for (const error of errors) console.log(error);
  failed ||= errors.length > 0;
}
process.exit(failed ? 1 : 0);
