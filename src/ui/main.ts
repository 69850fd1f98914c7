import './stylizer-app';
