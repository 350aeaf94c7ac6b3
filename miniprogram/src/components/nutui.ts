// NutUI React Taro components, each with its own CSS (NutUI's per-component `style/css` entry, what
// babel-plugin-import's `style: 'css'` would add). Never the full dist/style.css: it adds ~230 KB to app.wxss.
// Pages import NutUI from here so that a component never arrives without its styles.
import '@nutui/nutui-react-taro/dist/es/packages/badge/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/button/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cell/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/cellgroup/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/skeleton/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/tag/style/css'

export { Badge, Button, Cell, CellGroup, Skeleton, Tag } from '@nutui/nutui-react-taro'
