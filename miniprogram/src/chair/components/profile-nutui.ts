// The NutUI form components of the union-profile page, each with its own CSS, kept in the chair subpackage so
// that they do not weigh on the main package (the main package's set is in src/components/nutui.ts).
import '@nutui/nutui-react-taro/dist/es/packages/input/style/css'
import '@nutui/nutui-react-taro/dist/es/packages/radio/style/css'

export { Input, Radio } from '@nutui/nutui-react-taro'
