import './app/stylizer-app';
