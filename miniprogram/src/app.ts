// First: shims for what the oldest supported client lacks, before zod and our modules load (polyfills.ts).
import './polyfills'
import type { PropsWithChildren } from 'react'
import * as z from 'zod'
import './app.scss'

// WeChat forbids dynamic code (`new Function`). zod decides, when each object schema is created, whether to
// compile a fast parser with it, so this must run before any `@shared` schema module is evaluated. On both
// targets app.ts runs before any page module; keep app.ts free of imports that pull in schemas.
z.config({ jitless: true })

function App({ children }: PropsWithChildren) {
  // children are the pages being rendered
  return children
}

export default App
