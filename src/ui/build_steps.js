// The other half of src/ui/dom.rs's El: runs its build steps (see there) in one call.
const SVG = 'http://www.w3.org/2000/svg';
export function build_steps(steps, nodes) {
  const doc = document;
  const stack = [];
  let cur = null, root = null, next = 0;
  for (const item of steps.split('\0')) {
    try {
      switch (item[0]) {
        case 'E': case 'S': {
          const tag = item.slice(1);
          const e = item[0] === 'E' ? doc.createElement(tag) : doc.createElementNS(SVG, tag);
          if (cur) cur.appendChild(e); else root = e;
          stack.push(cur);
          cur = e;
          break;
        }
        case 'A': {
          const i = item.indexOf('\u0001');
          cur.setAttribute(item.slice(1, i), item.slice(i + 1));
          break;
        }
        case 'T': cur.appendChild(doc.createTextNode(item.slice(1))); break;
        case 'N': cur.appendChild(nodes[next++]); break;
        case 'C': cur = stack.pop(); break;
      }
    } catch (e) {
      console.error('mailseq ui:', e);
    }
  }
  return root ?? doc.createElement('div');
}
